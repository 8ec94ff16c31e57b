{ printf -- '---\ntitle: "无断点"\n---\n\n'
  head -c 1000000 /dev/zero | tr '\0' 'a'; printf '\n'; } >"$W/input.md"
