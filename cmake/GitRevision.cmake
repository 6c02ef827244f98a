# Writes the current git revision into a source file, touching it only when it changes.
execute_process(COMMAND git -C ${SOURCE_DIR} describe --always --dirty --abbrev=12
                OUTPUT_VARIABLE rev OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE status ERROR_QUIET)
if(NOT status EQUAL 0 OR rev STREQUAL "")
  set(rev "unknown")
endif()
file(WRITE ${OUTPUT}.tmp
  "// Generated at build time; do not edit.\n"
  "#include \"smesim/version.hpp\"\n"
  "namespace smesim {\n"
  "std::string_view git_revision() { return \"${rev}\"; }\n"
  "std::string_view version() { return \"${VERSION}\"; }\n"
  "}  // namespace smesim\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
