# Warnings per target (docs/development.md "Code conventions"): strict, and fatal when
# SMESIM_WERROR is on (CI).
function(smesim_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wimplicit-fallthrough
    # Floating-point results must not depend on whether the compiler fused a multiply-add.
    -ffp-contract=off)
  if(SMESIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
