{ printf -- '---\ntitle: "关于若干措施的通知"\n---\n\n一、总体要求\n\n'
  awk 'BEGIN { for (i = 1; i <= 10000; i++) printf "（%d）第%d条措施。支持企业发展。\n\n", i, i }'; } >"$W/input.md"
