# Compiler flags for bsyn's own targets.

set(BSYN_WARNINGS -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
    -Wno-unused-parameter -Wvla)
if(BSYN_WERROR)
  list(APPEND BSYN_WARNINGS -Werror)
endif()

if(BSYN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer builds: every target gets coverage for the fuzzer plus ASan and UBSan; only
# the harnesses link libFuzzer itself (tests/fuzz/CMakeLists.txt).
if(BSYN_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Applies warnings (and -D_GNU_SOURCE style feature macros) to a bsyn target.
function(bsyn_target_flags target)
  target_compile_options(${target} PRIVATE ${BSYN_WARNINGS})
  target_compile_definitions(${target} PRIVATE _POSIX_C_SOURCE=200809L _DEFAULT_SOURCE)
endfunction()

# Gives *_avx2.c and *_avx512.c files their instruction-set flags; the rest of the program
# stays baseline x86-64 and picks a path at run time.
function(bsyn_simd_sources sources)
  foreach(src ${${sources}})
    if(src MATCHES "_avx512\\.c$")
      set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mavx512vl;-mavx2;-mbmi2;-mpopcnt")
    elseif(src MATCHES "_avx2\\.c$")
      set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "-mavx2;-mbmi2;-mpopcnt")
    endif()
  endforeach()
endfunction()
