{ printf '<html><body><p>前文。</p>'
  i=0; while [ $i -lt 10000 ]; do printf '<div>'; i=$((i + 1)); done
  printf '<p>深处。</p>'
  i=0; while [ $i -lt 10000 ]; do printf '</div>'; i=$((i + 1)); done
  printf '</body></html>\n'; } >"$W/input.html"
