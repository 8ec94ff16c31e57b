{ printf '<?xml version="1.0"?><policy xmlns="urn:policybrief:policy:1"><meta><title>t</title></meta><intro><p>'
  i=0; while [ $i -lt 300 ]; do printf '<b>'; i=$((i + 1)); done
  printf 'x'
  i=0; while [ $i -lt 300 ]; do printf '</b>'; i=$((i + 1)); done
  printf '</p></intro></policy>\n'; } >"$W/input.xml"
