# AddressSanitizer + UndefinedBehaviorSanitizer (SMESIM_SANITIZE) and libFuzzer's coverage
# feedback (SMESIM_FUZZ), per target.
#
# CI builds one Clang tree with both (docs/testing.md "CI"): the layers are compiled once with
# -fsanitize=fuzzer-no-link,address,undefined and serve the sanitized Catch2 suite and the fuzz
# targets alike. fuzzer-no-link only adds coverage counters and comparison hooks; in a binary
# that does not link libFuzzer (the test executables) the sanitizer runtime's empty default
# hooks answer them. So only the code the fuzzers explore, the layers, gets the hooks
# (COVERAGE); the test code and the binary get the sanitizers alone.
#
#   smesim_set_sanitizers(<target> [COVERAGE])
function(smesim_set_sanitizers target)
  cmake_parse_arguments(S "COVERAGE" "" "" ${ARGN})
  if(NOT SMESIM_SANITIZE AND NOT SMESIM_FUZZ)
    return()
  endif()
  set(checks address,undefined)
  if(SMESIM_FUZZ AND S_COVERAGE)
    set(checks fuzzer-no-link,${checks})
  endif()
  target_compile_options(${target} PRIVATE -fsanitize=${checks} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(${target} PRIVATE -fsanitize=address,undefined)
endfunction()
