# AddressSanitizer + UndefinedBehaviorSanitizer for the Debug test build of .ci/run.
# With SMESIM_FUZZ the code is also instrumented for libFuzzer's coverage feedback
# (fuzzer-no-link); the fuzz targets themselves link the fuzzer (tests/fuzz/).
function(smesim_set_sanitizers target)
  if(SMESIM_FUZZ)
    target_compile_options(${target} PRIVATE
      -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  elseif(SMESIM_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
