# Fixture files for the busybox applet scripts, created by the host's bash (builtins only) in a
# fresh scratch directory before each run, so both runners see the same input.
printf '%s\n' pear apple fig banana cherry apple date banana apple kiwi > fruit.txt
printf '%s\n' 42 -7 3.5 100 0 -12.25 7 1e3 19 > nums.txt
printf '%s\n' 'name,qty,price' 'apple,3,0.5' 'pear,10,0.25' 'fig,7,1.75' 'kiwi,2,0.8' > table.csv
printf '%s\n' 'The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs.' \
  'How vexingly quick daft zebras jump!  Sphinx of black quartz, judge my vow.' \
  '	tabs	and  spaces   here' '' 'The end.' > words.txt
printf '%s\n' one two three four five six > a.txt
printf '%s\n' one 2 three four six seven > b.txt
mkdir -p tree/a/b tree/c tree/empty
printf 'first\n' > tree/a/one.txt
printf 'second\n' > tree/a/b/two.txt
printf 'third\n' > tree/c/three.dat
printf 'fourth\n' > tree/c/four.txt
bin=''
for ((i = 0; i < 256; i++)); do printf -v h %02x $i; bin+="\\x$h"; done
printf "$bin$bin" > bin.dat
printf 'ab\x01\x02hello world\x00\xffxyz\x7fsecond string here\x00\x10ok\n' > mixed.dat
