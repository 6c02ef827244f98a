# AddressSanitizer + UndefinedBehaviorSanitizer for the Debug test build of .ci/run.
function(smesim_set_sanitizers target)
  if(SMESIM_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
