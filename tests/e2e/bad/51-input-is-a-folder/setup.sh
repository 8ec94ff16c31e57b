mkdir "$W/input.md"
