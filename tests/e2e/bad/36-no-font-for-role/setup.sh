mkdir -p "$W/data/fonts"
cp -r "$TOP/layouts" "$W/data/"
sed -e 's/ stand-in="sans"//' -e 's/<family>AR PL SungtiL GB</<family>No Such Font A</' \
    -e 's/<family>AR PL UMing CN</<family>No Such Font B</' \
    "$TOP/fonts/fontsets.xml" >"$W/data/fonts/fontsets.xml"
