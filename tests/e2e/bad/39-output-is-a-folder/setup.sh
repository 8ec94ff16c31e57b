mkdir "$W/out.pdf"
