{ printf -- '---\ntitle: "长段落"\n---\n\n'
  head -c 3000000 /dev/zero | tr '\0' 'x'; printf '\n'; } >"$W/input.md"
