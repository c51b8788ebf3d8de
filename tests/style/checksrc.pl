#!/usr/bin/perl
# tests/style/checksrc.pl - the mechanical rules clang-format cannot check,
# in the spirit of curl's scripts/checksrc.pl.
#
#   checksrc.pl [--root DIR] [FILE...]   check FILEs (paths relative to DIR),
#                                         or every *.c and *.h under common/,
#                                         proto/, server/, client/, tests/
#   checksrc.pl --list                   print the rules
#
# Prints one line per violation, as a compiler does:
#
#   server/store.c:123: banned-function: sprintf() is banned: use snprintf()
#
# and exits 1 if there was any, 0 if none, 2 on a usage error. DIR defaults
# to the tree this script lives in. tests/style/ itself is not walked: its
# examples break the rules on purpose (tests/style/selftest.pl checks them).
#
# The rules (comments, string and character literals are blanked first, so
# only code is checked):
#
#   banned-function      sprintf, vsprintf, strcat, strcpy, atoi, atol,
#                        strtok, gets called (not members named so): each
#                        has a bounded or checked replacement.
#   assign-in-condition  an assignment (=, +=, <<=, ...) inside the
#                        condition of if, while, switch or the middle clause
#                        of for; comparisons (==, !=, <=, >=) are fine. Write
#                        the assignment on its own line first.
#   wrong-way-include    a file includes a header of a higher layer, or a
#                        server file a client header or the reverse. Layers,
#                        lowest first:
#                          both sides: common/ 0, proto/ 1
#                          server: server/util/ 1, server/domain/ 2,
#                            server/db/ 3, server/net/ 3 (the transport
#                            knows only the callbacks it is given),
#                            server/{state,req,feed,calendar}.{c,h} 4,
#                            server/ops/ 5, server/dispatch.{c,h} 6,
#                            server/session.{c,h} 7, server/http/ 8 (the
#                            metrics listener), and the process:
#                            server/main.c, server/{server,admin}.{c,h} 9
#                          client: client/lang/ 1, client/input/ 2, client/render/ 2,
#                            client/net/ 3, client/cmd/ 4, client/main.c 5
#                        A file may include headers of its own layer or
#                        below; common/ and proto/ no header of either side. A quoted include is resolved as the compiler
#                        does: the including file's folder, then its side's
#                        root (server/ or client/, and server/domain/, an
#                        include directory of the server's libraries), then
#                        the project root, then proto/. Includes that resolve
#                        nowhere (generated or system headers) are ignored;
#                        so are files at paths outside the table (the layer
#                        part only), and everything under tests/.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Find qw(find);
use File::Spec;

my %RULES = (
  'banned-function'     => 'sprintf, vsprintf, strcat, strcpy, atoi, atol, strtok, gets',
  'assign-in-condition' => 'no assignment in the condition of if, while, switch, for',
  'wrong-way-include'   => 'include only headers of your own layer or below, never the other side',
);

my %REPLACEMENT = (
  sprintf  => 'use snprintf()',
  vsprintf => 'use vsnprintf()',
  strcat   => 'use snprintf() or a length you track',
  strcpy   => 'use snprintf() or memcpy() with a length you checked',
  atoi     => 'use strtol() and check the end and the range',
  atol     => 'use strtol() and check the end and the range',
  strtok   => 'use strtok_r() or strcspn()',
  gets     => 'use fgets()',
);

# [pattern on the path, side, layer]; the first match wins.
my @LAYERS = (
  [qr{^common/},                           'both',   0],
  [qr{^proto/},                            'both',   1],
  [qr{^server/util/},                      'server', 1],
  [qr{^server/domain/},                    'server', 2],
  [qr{^server/db/},                        'server', 3],
  [qr{^server/net/},                       'server', 3],
  [qr{^server/(?:state\.h|(?:req|feed|calendar)\.[ch])$}, 'server', 4],
  [qr{^server/ops/},                       'server', 5],
  [qr{^server/dispatch\.[ch]$},            'server', 6],
  [qr{^server/session\.[ch]$},             'server', 7],
  [qr{^server/http/},                      'server', 8],
  [qr{^server/(?:main\.c|(?:server|admin)\.[ch])$}, 'server', 9],
  [qr{^client/lang/},                      'client', 1],
  [qr{^client/(?:input|render)/},          'client', 2],
  [qr{^client/net/},                       'client', 3],
  [qr{^client/cmd/},                       'client', 4],
  [qr{^client/main\.c$},                   'client', 5],
);

my @DIRS = qw(common proto server client tests);

my $root = File::Spec->rel2abs(dirname(__FILE__) . '/../..');
my @files;
my $violations = 0;
my @found;    # The file's violations, printed in line order at its end.

while (@ARGV) {
  my $arg = shift @ARGV;
  if ($arg eq '--list') {
    printf "%-20s %s\n", $_, $RULES{$_} for sort keys %RULES;
    exit 0;
  } elsif ($arg eq '--root') {
    defined($root = shift @ARGV) or usage();
  } elsif ($arg =~ /^-/) {
    usage();
  } else {
    push @files, $arg;
  }
}
$root =~ s{/+$}{};
@files = walk() unless @files;
check_file($_) for @files;
exit($violations ? 1 : 0);

sub usage {
  print STDERR "usage: checksrc.pl [--root DIR] [FILE...] | --list\n";
  exit 2;
}

sub walk {
  my @found;
  for my $d (grep { -d "$root/$_" } @DIRS) {
    find({no_chdir => 1, wanted => sub {
      if (-d $_ && $File::Find::name eq "$root/tests/style") {
        $File::Find::prune = 1;
        return;
      }
      push @found, File::Spec->abs2rel($_, $root) if -f $_ && /\.[ch]$/;
    }}, "$root/$d");
  }
  return sort @found;
}

sub report {
  my ($file, $line, $rule, $msg) = @_;
  push @found, [$line, "$file:$line: $rule: $msg\n"];
  $violations++;
}

# The text with comments, string and character literals replaced by spaces
# (newlines and the quotes kept), so offsets and lines stay where they were.
sub blank {
  my ($s) = @_;
  $s =~ s{(/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')}{
    my $m = $1;
    if ($m =~ m{^/}) {
      (my $b = $m) =~ s/[^\n]/ /g;
      $b;
    } else {
      my $q = substr($m, 0, 1);
      (my $in = substr($m, 1, -1)) =~ s/./ /g;
      "$q$in$q";
    }
  }gse;
  return $s;
}

sub line_of {
  my ($text, $offset) = @_;
  return 1 + (substr($text, 0, $offset) =~ tr/\n//);
}

sub check_file {
  my ($file) = @_;
  my $path = "$root/$file";
  open(my $fh, '<', $path) or do {
    print STDERR "checksrc.pl: cannot read $path: $!\n";
    $violations++;
    return;
  };
  my $raw = do { local $/; <$fh> };
  close $fh;
  my $code = blank($raw);
  check_banned($file, $code);
  check_conditions($file, $code);
  check_includes($file, $raw, $code);
  print map { $_->[1] } sort { $a->[0] <=> $b->[0] } @found;
  @found = ();
}

sub check_banned {
  my ($file, $code) = @_;
  my $names = join '|', sort keys %REPLACEMENT;
  while ($code =~ /(?<![\w.>])($names)\s*\(/g) {
    report($file, line_of($code, $-[1]), 'banned-function',
           "$1() is banned: $REPLACEMENT{$1}");
  }
}

# The offset just past the parenthesis matching the one at $open, or undef.
sub close_paren {
  my ($code, $open) = @_;
  my $depth = 0;
  for (my $i = $open; $i < length $code; $i++) {
    my $c = substr($code, $i, 1);
    $depth++ if $c eq '(';
    $depth-- if $c eq ')';
    return $i + 1 if $depth == 0;
  }
  return undef;
}

sub check_conditions {
  my ($file, $code) = @_;
  while ($code =~ /\b(if|while|switch|for)\s*\(/g) {
    my ($kw, $open) = ($1, $+[0] - 1);
    my $end = close_paren($code, $open) // next;
    my ($from, $to) = ($open + 1, $end - 1);
    ($from, $to) = for_condition($code, $from, $to) if $kw eq 'for';
    next unless defined $from;
    for my $at (assignments(substr($code, $from, $to - $from))) {
      report($file, line_of($code, $from + $at), 'assign-in-condition',
             "assignment in the condition of $kw: assign first, then test");
    }
    pos($code) = $open + 1;    # Conditions nest: look inside this one too.
  }
}

# The bounds of the middle clause of a for's parentheses.
sub for_condition {
  my ($code, $from, $to) = @_;
  my ($depth, @semi) = (0);
  for (my $i = $from; $i < $to; $i++) {
    my $c = substr($code, $i, 1);
    $depth++ if $c eq '(';
    $depth-- if $c eq ')';
    push @semi, $i if $c eq ';' && $depth == 0;
  }
  return @semi == 2 ? ($semi[0] + 1, $semi[1]) : ();
}

# Offsets of the assignment operators in a blanked condition.
sub assignments {
  my ($s) = @_;
  my @at;
  for (my $i = 0; $i < length $s; $i++) {
    next unless substr($s, $i, 1) eq '=';
    my $prev = $i > 0 ? substr($s, $i - 1, 1) : '';
    my $prev2 = $i > 1 ? substr($s, $i - 2, 1) : '';
    if (substr($s, $i + 1, 1) eq '=') {    # ==
      $i++;
      next;
    }
    next if $prev eq '!';                  # !=
    next if ($prev eq '<' || $prev eq '>') && $prev2 ne $prev;    # <= >=
    push @at, $i;
  }
  return @at;
}

sub layer_of {
  my ($path) = @_;
  for my $l (@LAYERS) {
    return ($l->[1], $l->[2]) if $path =~ $l->[0];
  }
  return ($path =~ m{^(server|client)/} ? $1 : undef, undef);
}

# "a/b/../c" -> "a/c"; undef if it climbs out of the tree.
sub normalize {
  my ($p) = @_;
  my @out;
  for my $part (split m{/+}, $p) {
    next if $part eq '.' || $part eq '';
    if ($part eq '..') {
      return undef unless @out;
      pop @out;
    } else {
      push @out, $part;
    }
  }
  return join '/', @out;
}

sub resolve {
  my ($file, $inc) = @_;
  my $dir = dirname($file);
  my @try = ("$dir/$inc");
  if ($file =~ m{^(server|client)/}) {
    push @try, "$1/$inc";
    push @try, "server/domain/$inc" if $1 eq 'server';
  }
  push @try, $inc, "proto/$inc";
  for my $t (@try) {
    my $n = normalize($t) // next;
    return $n if -f "$root/$n";
  }
  return undef;
}

sub check_includes {
  my ($file, $raw, $code) = @_;
  return if $file =~ m{^tests/};
  my ($side, $layer) = layer_of($file);
  while ($code =~ /^[ \t]*#[ \t]*include[ \t]*"/mg) {
    my $q = $+[0] - 1;
    next unless substr($raw, $q) =~ /^"([^"\n]+)"/;
    my $inc = $1;
    my $target = resolve($file, $inc) // next;
    next if $target eq $file;
    my ($tside, $tlayer) = layer_of($target);
    my $line = line_of($code, $q);
    if (defined $side && defined $tside && $tside ne 'both' && $side ne $tside) {
      my $who = $side eq 'both' ? 'a file both programs share' : "a $side file";
      report($file, $line, 'wrong-way-include', "$who includes the $tside header $target");
    } elsif (defined $layer && defined $tlayer && $tlayer > $layer) {
      report($file, $line, 'wrong-way-include',
             "layer $layer includes $target of layer $tlayer");
    }
  }
}
