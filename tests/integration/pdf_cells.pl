#!/usr/bin/perl
# Whether each text given is printed whole in one cell of a PDF's table:
# the words of `pdftotext -bbox` are joined into runs (words on one line
# closer than a space), and a cell's text is a run, or runs on successive
# lines centred on the same point (headings are centred and wrapped). A
# heading cut short, or spread over the neighbouring columns, is not found.
#
# Usage: pdf_cells.pl FILE.pdf TEXT...   Prints "missing: TEXT" for each one
# not found and exits 1 if any; 0 when all are there.
use strict;
use warnings;
use utf8;
use open qw(:std :encoding(UTF-8));

my ($pdf, @want) = @ARGV;
open(my $fh, '-|', 'pdftotext', '-bbox', $pdf, '-') or die "pdftotext: $!";
binmode($fh, ':encoding(UTF-8)');
my @words;
while (<$fh>) {
  next unless /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/;
  push @words, {x0 => $1, y0 => $2, x1 => $3, y1 => $4, t => $5};
}
close($fh);

# Runs: words on the same line, each starting within a space of the last.
@words = sort { $a->{y0} <=> $b->{y0} || $a->{x0} <=> $b->{x0} } @words;
my @runs;
for my $w (@words) {
  my $r = $runs[-1];
  if ($r && abs($r->{y0} - $w->{y0}) < 0.5 && $w->{x0} - $r->{x1} >= 0
      && $w->{x0} - $r->{x1} < 2.6) {
    $r->{t} .= " $w->{t}";
    $r->{x1} = $w->{x1};
  } else {
    push @runs, {%$w};
  }
}
$_->{c} = ($_->{x0} + $_->{x1}) / 2 for @runs;

# The texts of every cell: a run, and the runs below it on the next lines
# centred where it is (within 2 pt), joined.
my %cells;
for my $i (0 .. $#runs) {
  my ($text, $at) = ($runs[$i]{t}, $runs[$i]);
  $cells{$text} = 1;
  for (1 .. 6) {
    my ($next) = grep {
      $_->{y0} - $at->{y0} > 2 && $_->{y0} - $at->{y0} < 14 && abs($_->{c} - $at->{c}) < 2
    } @runs;
    last unless $next;
    $text .= " $next->{t}";
    $cells{$text} = 1;
    $at = $next;
  }
}
my $missing = 0;
for my $t (@want) {
  utf8::decode($t);
  next if $cells{$t};
  print "missing: $t\n";
  $missing++;
}
exit($missing ? 1 : 0);
