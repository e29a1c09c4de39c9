# Self-contained link mode (ATTNC_SELF_CONTAINED=ON).
#
# Debian's static MLIR libraries name the shared libLLVM.so (target `LLVM`) in
# their link interface, and LLVMSupport names shared zlib, zstd and z3. The
# device machine has none of them. This rewrites the link interface of every
# imported LLVM/MLIR target so that binaries link the static LLVM component
# libraries and static compression libraries instead, and links libstdc++ and
# libgcc statically. `ldd` on the result lists only the C library family; the
# test `tools/self-contained` checks that.

set(ATTNC_LLVM_STATIC_COMPONENTS
  LLVMSupport LLVMDemangle LLVMTargetParser LLVMRemarks LLVMBitstreamReader
  LLVMCore LLVMBinaryFormat)

find_library(ATTNC_ZSTD_STATIC NAMES libzstd.a REQUIRED)
find_library(ATTNC_ZLIB_STATIC NAMES libz.a REQUIRED)

get_property(_attnc_imported DIRECTORY PROPERTY IMPORTED_TARGETS)
foreach(_target IN LISTS _attnc_imported)
  get_target_property(_type ${_target} TYPE)
  if(_type STREQUAL "INTERFACE_LIBRARY" OR _type STREQUAL "SHARED_LIBRARY")
    continue()
  endif()
  get_target_property(_libs ${_target} INTERFACE_LINK_LIBRARIES)
  if(NOT _libs)
    continue()
  endif()
  set(_new "")
  foreach(_lib IN LISTS _libs)
    if(_lib STREQUAL "LLVM" OR _lib STREQUAL "MLIR")
      list(APPEND _new ${ATTNC_LLVM_STATIC_COMPONENTS})
    elseif(_lib MATCHES "libz3\\.so")
      # Only LLVM's SMT solver uses z3; attnc never calls it.
    elseif(_lib STREQUAL "zstd::libzstd_shared")
      list(APPEND _new ${ATTNC_ZSTD_STATIC})
    elseif(_lib STREQUAL "ZLIB::ZLIB")
      list(APPEND _new ${ATTNC_ZLIB_STATIC})
    else()
      list(APPEND _new ${_lib})
    endif()
  endforeach()
  set_target_properties(${_target} PROPERTIES INTERFACE_LINK_LIBRARIES "${_new}")
endforeach()

# add_llvm_executable would otherwise link libLLVM.so.
set(LLVM_LINK_LLVM_DYLIB OFF)
add_link_options(-static-libstdc++ -static-libgcc)
