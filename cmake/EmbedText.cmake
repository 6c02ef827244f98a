# Turns a text file into a C++ source defining smesim::detail::builtin_scenario_text().
file(READ ${INPUT} content)
set(delim "SMESIM_EMBED")
file(WRITE ${OUTPUT}.tmp
  "// Generated from ${INPUT}; do not edit.\n"
  "#include <string_view>\n"
  "namespace smesim::detail {\n"
  "std::string_view builtin_scenario_text() {\n"
  "  static constexpr std::string_view text = R\"${delim}(${content})${delim}\";\n"
  "  return text;\n}\n}  // namespace smesim::detail\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
