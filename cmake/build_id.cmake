# Writes OUT, a header defining HUIZONG_BUILD_ID: the first 12 hex digits of a SHA-256 over
# every source file under SRC (names and contents, in sorted order). Parsed files and
# cached views are reused only by the same build, so a changed parser or renderer with an
# unchanged version number does not leave stale results behind.
# usage: cmake -DSRC=<src dir> -DOUT=<header> -P build_id.cmake
file(GLOB_RECURSE files RELATIVE "${SRC}" "${SRC}/*.cpp" "${SRC}/*.h")
list(SORT files)
set(all "")
foreach(f IN LISTS files)
  file(SHA256 "${SRC}/${f}" h)
  string(APPEND all "${f}:${h}\n")
endforeach()
string(SHA256 id "${all}")
string(SUBSTRING "${id}" 0 12 id)
set(text "#pragma once\n#define HUIZONG_BUILD_ID \"${id}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
