# cmake -DIN=file -DOUT=file.inc [-DSPLICE=a.h;b.h] -P EmbedText.cmake
# Writes IN as a C++ raw string literal (split in pieces under 16 KB, the
# portable limit for one literal). Each SPLICE file replaces the line
# `#include "NAME"` (NAME its file name) in IN: the embedded text is
# compiled without include paths.
file(READ ${IN} text)
foreach(splice ${SPLICE})
  get_filename_component(name ${splice} NAME)
  file(READ ${splice} body)
  string(FIND "${text}" "#include \"${name}\"\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "EmbedText: ${IN} has no line #include \"${name}\"")
  endif()
  string(REPLACE "#include \"${name}\"\n" "${body}" text "${text}")
endforeach()
string(LENGTH "${text}" length)
set(out "")
set(offset 0)
while(offset LESS length)
  string(SUBSTRING "${text}" ${offset} 12000 piece)
  string(APPEND out "R\"attnc_embed(${piece})attnc_embed\"\n")
  math(EXPR offset "${offset} + 12000")
endwhile()
file(WRITE ${OUT}.tmp "${out}")
file(RENAME ${OUT}.tmp ${OUT})
