{ printf '<html><body><p>表格如下。</p><table><tr><th>项目</th><th>说明</th></tr><tr><td>甲</td><td>'
  awk 'BEGIN { for (i = 0; i < 50000; i++) printf "数据" }'
  printf '</td></tr><tr><td>乙</td><td>末行</td></tr></table><p>表后。</p></body></html>\n'; } >"$W/input.html"
