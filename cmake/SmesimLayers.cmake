# One static library per layer of src/ (docs/architecture.md "Layers"), so that dependencies
# point one way and the compiler says so when they do not.
#
# A layer's private headers are included as "<layer>/x.hpp" and found through a folder that
# holds only that layer: <build>/layers/<layer>/<layer> is a link to src/<layer>. That folder
# is on the include path of the layer itself and of the layers that link it (USES), and of
# nothing else: an include of a layer a target does not use fails to compile. The public
# headers (include/smesim/) are the API, visible to every layer and to users.
#
#   smesim_add_layer(<layer> SOURCES <files> [USES <layers>] [PACKAGES <imported targets>]
#                    [PRECOMPILE <headers>])
#
# USES and PACKAGES are linked PRIVATE: a layer gets the include path of what it names, not
# of what those use in turn. PRECOMPILE names the heavy headers most of the layer's files
# include (nlohmann-json, fmt), parsed once per layer instead of once per file; it changes
# build time only (docs/testing.md "CI").
# SMESIM_UNITY_BUILD compiles a layer's files in batches, each batch one translation unit:
# the templates every file instantiates (nlohmann-json, fmt, the standard library) are compiled
# and optimised once per batch instead of once per file, which takes about 40% off a layer's
# build (docs/testing.md "CI"). It changes build time only: -ffp-contract=off keeps every
# result's bits whatever is inlined where. Names local to a file (anonymous namespaces) must
# therefore differ between the files of a layer; a shared constant belongs in a header.
function(smesim_set_unity_build target)
  if(SMESIM_UNITY_BUILD)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 16)
  endif()
endfunction()

function(smesim_add_layer layer)
  cmake_parse_arguments(L "" "" "SOURCES;USES;PACKAGES;PRECOMPILE" ${ARGN})
  set(root ${PROJECT_BINARY_DIR}/layers/${layer})
  file(MAKE_DIRECTORY ${root})
  if(NOT EXISTS ${root}/${layer})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${layer} ${root}/${layer} SYMBOLIC)
  endif()
  set(target smesim_${layer})
  add_library(${target} STATIC ${L_SOURCES})
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${root}>
                                              $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
                                              $<INSTALL_INTERFACE:include>)
  list(TRANSFORM L_USES PREPEND smesim_)
  target_link_libraries(${target} PRIVATE ${L_USES} ${L_PACKAGES})
  # fmt is part of the public API's signatures nowhere, but every layer formats messages.
  target_link_libraries(${target} PUBLIC fmt::fmt)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${layer} POSITION_INDEPENDENT_CODE ON)
  if(L_PRECOMPILE AND SMESIM_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} PRIVATE ${L_PRECOMPILE})
  endif()
  smesim_set_unity_build(${target})
  smesim_set_warnings(${target})
  smesim_set_sanitizers(${target} COVERAGE)
endfunction()
