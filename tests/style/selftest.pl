#!/usr/bin/perl
# tests/style/selftest.pl - proves that each rule of checksrc.pl can fail.
#
# tests/style/examples/ is a small tree laid out like the project (never
# compiled). A line that breaks a rule on purpose ends with the comment
# "checksrc: expect RULE". checksrc.pl, run on that tree, must report exactly
# those lines with those rules (nothing missed, nothing more) and exit 1;
# every rule of checksrc.pl --list must be expected at least once; and run on
# the good example alone it must say nothing and exit 0.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Find qw(find);
use File::Spec;

my $here = File::Spec->rel2abs(dirname(__FILE__));
my $checksrc = "$here/checksrc.pl";
my $examples = "$here/examples";
my $good = 'server/net/good.c';
my $failures = 0;

sub fail {
  print "selftest: @_\n";
  $failures++;
}

# Runs checksrc.pl with the arguments; returns its exit status and output.
sub checksrc {
  open(my $out, '-|', $^X, $checksrc, @_) or die "cannot run $checksrc: $!\n";
  my @lines = <$out>;
  close $out;
  return ($? >> 8, @lines);
}

my (%expected, %rules_expected);
find({no_chdir => 1, wanted => sub {
  return unless -f $_ && /\.[ch]$/;
  my $file = File::Spec->abs2rel($_, $examples);
  open(my $fh, '<', $_) or die "cannot read $_: $!\n";
  while (my $line = <$fh>) {
    next unless $line =~ /checksrc: expect ([\w-]+)/;
    $expected{"$file:$.: $1"} = 1;
    $rules_expected{$1}++;
  }
  close $fh;
}}, $examples);

my ($status, @out) = checksrc('--root', $examples);
my %seen;
for (@out) {
  chomp;
  if (/^(\S+:\d+: [\w-]+): /) {
    $seen{$1} = 1;
  } else {
    fail("output not in the form file:line: rule: message: $_");
  }
}
fail("did not fire: $_") for sort grep { !$seen{$_} } keys %expected;
fail("fired where it should not: $_") for sort grep { !$expected{$_} } keys %seen;
fail("exit status $status on the bad examples, expected 1") if $status != 1;

my ($lstatus, @list) = checksrc('--list');
fail("--list exited $lstatus") if $lstatus != 0;
for (@list) {
  my ($rule) = /^([\w-]+)/ or next;
  fail("no example proves that rule $rule can fail") unless $rules_expected{$rule};
}
fail('--list printed no rules') unless @list;

my ($gstatus, @gout) = checksrc('--root', $examples, $good);
fail("the good example $good: $_") for map { chomp; $_ } @gout;
fail("exit status $gstatus on the good example, expected 0") if $gstatus != 0;

if ($failures) {
  print "selftest: $failures failures\n";
  exit 1;
}
printf "selftest: %d expected violations of %d rules all reported, nothing "
     . "else; the good example passes\n", scalar(keys %expected), scalar(@list);
exit 0;
