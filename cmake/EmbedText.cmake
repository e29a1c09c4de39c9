# cmake -DIN=file -DOUT=file.inc -P EmbedText.cmake
# Writes IN as a C++ raw string literal (split in pieces under 16 KB, the
# portable limit for one literal).
file(READ ${IN} text)
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
