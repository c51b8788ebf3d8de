#!/usr/bin/env perl
# tests/style/i18n.pl [--root DIR] [FILE...] - no officer-visible English
# left unwrapped in the client.
#
# The client prints in the officer's language (client/lang/lang.h): every
# string an officer reads goes through _() or, in a static table, N_() and
# _() at use. This fails on a string literal with words in it passed,
# outside _( ) and N_( ), to what prints or words a message:
#
#   printf (every argument), fprintf (after the stream), fputs and puts (the
#   text), snprintf (after buffer and size), and the error helpers:
#   td_call_usage_error (the error and the usage), td_call_internal,
#   td_opt_bad_value (what is wanted), and the files' own fail(...)
#   helpers, which format into the error buffer (every argument);
#   and the hints of a struct td_call (.unsure, .not_found, .unknown,
#   .illegal_step = "...").
#
# A literal has words when, once printf conversions ("%s", "%-*d",
# "%.*s"), escapes ("\n", "\x1b", "\033") and the program's names
# (tiepdan, tiepdand) are taken out, two letters follow each other. So
# "%s\n", "%*s", "#%" PRId64 and "\033[2J" pass, "oops\n" does not. Also
# passed over: a path without spaces ("%s/.config/tiepdan/client.conf"), and
# json ("{\"keys\":{", "null"): machine formats. What else is a machine
# format is in %allow, by file, each with its reason; keep it short.
#
# client/render/report_*.c are left out: the official report has its own
# bilingual wording, chosen by the report's own --lang.
#
# Run over the whole client by default; with FILEs, only over those.
# --selftest checks the checker against known good and bad lines.
use strict;
use warnings;
use File::Find;
use Getopt::Long;

my $root = '.';
my $selftest = 0;
GetOptions('root=s' => \$root, 'selftest' => \$selftest)
  or die "usage: $0 [--root DIR] [--selftest] [FILE...]\n";

# file (from the root) => [ [regex over the literal, reason], ... ]
my %allow = (
  'client/main.c' => [
    [qr/^tiepdan %s \(protocol %u\)\\n$/,
     'the --version line, quoted as is by scripts and bug reports'],
  ],
  'client/cmd/write.c' => [
    [qr/^\{\\"sent\\":false/, 'the JSON of a write kept in the outbox, for scripts'],
    [qr/^sent,outbox_entry,receipt_no/, 'the CSV of a write kept in the outbox, for scripts'],
    [qr/^(version|secret):%s$/, 'names of settings kept in the outbox, never shown'],
  ],
  'client/outbox/store.c' => [
    [qr/^%s\.damaged-%s%?s?$/, 'the name of a damaged outbox file kept aside'],
  ],
  'client/cmd/admin.c' => [
    [qr/^admin %s$/, 'the command as typed, named in its usage error'],
  ],
  'client/cmd/lifecycle.c' => [
    [qr/^note$/, 'a command name compared with strcmp, not printed'],
  ],
  'client/render/changes.c' => [
    [qr/^cursor %$/, 'the cursor line that scripts read back into --since'],
  ],
);

# Which arguments (0-based) of each function are checked; -1: all from the
# index before it, e.g. [1, -1] is the second and all that follow.
my %checked = (
  printf              => [0, -1],
  fprintf             => [1, -1],
  fputs               => [0],
  puts                => [0],
  snprintf            => [2, -1],
  td_call_usage_error => [1, 2],
  td_call_internal    => [0],
  td_opt_bad_value    => [2],
  fail                => [0, -1],
);
my $calls = join '|', sort keys %checked;

# The text with comments blanked out (newlines kept, so line numbers
# stay), strings and character constants kept.
sub strip_comments {
  my ($s) = @_;
  $s =~ s{
    ( "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*' )
    | ( /\*.*?\*/ | //[^\n]* )
  }{
    defined $1 ? $1 : do { (my $c = $2) =~ s/[^\n]/ /g; $c }
  }gsex;
  return $s;
}

# The index just past the parenthesis that closes the one before $i.
sub close_paren {
  my ($s, $i) = @_;
  my $depth = 1;
  my $n = length $s;
  while ($i < $n) {
    my $c = substr($s, $i, 1);
    if ($c eq '"' || $c eq "'") {
      pos($s) = $i;
      $s =~ /\G$c(?:[^$c\\\n]|\\.)*$c/gc or return $n;
      $i = pos($s);
      next;
    }
    $depth++ if $c eq '(';
    $depth-- if $c eq ')';
    return $i + 1 if $depth == 0;
    $i++;
  }
  return $n;
}

# Splits an argument list at the commas outside parentheses and strings.
sub split_args {
  my ($s) = @_;
  my @args;
  my $depth = 0;
  my $cur = '';
  while ($s =~ /\G("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[()\[\]{}]|,|[^"'()\[\]{},]+)/gc) {
    my $t = $1;
    $depth++ if $t =~ /^[(\[{]$/;
    $depth-- if $t =~ /^[)\]}]$/;
    if ($t eq ',' && $depth == 0) {
      push @args, $cur;
      $cur = '';
    } else {
      $cur .= $t;
    }
  }
  push @args, $cur;
  return @args;
}

# The argument with whatever is inside _( ), N_( ) and td_ngettext( )
# taken out.
sub unwrapped {
  my ($a) = @_;
  while ($a =~ /(?<![A-Za-z0-9_])(?:N_|_|td_ngettext)\s*\(/g) {
    my $start = $-[0];
    my $end = close_paren($a, $+[0]);
    substr($a, $start, $end - $start) = '';
    pos($a) = $start;
  }
  return $a;
}

# Whether the body of a literal (between its quotes) has words.
sub has_words {
  my ($lit) = @_;
  my $t = $lit;
  return 0 if $t !~ /\s/ && $t =~ m{/};                # a path
  return 0 if $t =~ /^--[a-z][a-z-]*$/;                # an option's name
  return 0 if $t =~ /^TIEPDAN_[A-Z_]+$/;               # a variable's name
  $t =~ s/\\"[A-Za-z_][A-Za-z0-9_]*\\"//g;             # json keys
  return 0 if $t =~ /^(?:null|true|false)$/;           # json values
  $t =~ s/%[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGaAcspn%]//g;
  $t =~ s/\\(?:x[0-9A-Fa-f]+|[0-7]{1,3}|.)/ /g;
  $t =~ s/\btiepdand?\b//g;
  return $t =~ /[A-Za-z]{2}/;
}

# The literals of an argument, adjacent ones joined as C joins them.
sub literals {
  my ($a) = @_;
  my @lits;
  # A macro between literals ("%" PRId64 "\n", "/" DOMAIN ".mo") joins
  # them as the preprocessor does; it stands for no words.
  while ($a =~ /((?:"(?:[^"\\\n]|\\.)*"\s*)(?:(?:[A-Z][A-Z0-9_]*\s*)?"(?:[^"\\\n]|\\.)*"\s*)*)/g) {
    my $run = $1;
    my $body = '';
    $body .= $1 while $run =~ /"((?:[^"\\\n]|\\.)*)"/g;
    push @lits, $body;
  }
  return @lits;
}

sub allowed {
  my ($file, $lit) = @_;
  for my $e (@{ $allow{$file} || [] }) {
    return 1 if $lit =~ $e->[0];
  }
  return 0;
}

# The findings in one file's text: [line, literal, function].
sub check_text {
  my ($file, $text) = @_;
  my @found;
  my $s = strip_comments($text);
  my $line_at = sub { 1 + (substr($s, 0, $_[0]) =~ tr/\n//) };
  while ($s =~ /(?<![A-Za-z0-9_.>])($calls)\s*\(/g) {
    my ($fn, $open, $after) = ($1, $-[0], $+[0]);
    # A declaration or definition of fail: a type comes before the name.
    next if $fn eq 'fail' &&
            substr($s, 0, $open) =~ /(?:int|void|char)\s*\**\s*$/;
    my $end = close_paren($s, $after);
    my @args = split_args(substr($s, $after, $end - 1 - $after));
    my $from = $checked{$fn}[0];
    my @which;
    if (@{ $checked{$fn} } == 2 && $checked{$fn}[1] == -1) {
      @which = ($from .. $#args);
    } else {
      @which = grep { $_ >= 0 } @{ $checked{$fn} };
    }
    for my $k (@which) {
      next if $k > $#args;
      for my $lit (literals(unwrapped($args[$k]))) {
        next if !has_words($lit) || allowed($file, $lit);
        push @found, [$line_at->($open), $lit, $fn];
      }
    }
    pos($s) = $after;
  }
  # The hints of a struct td_call.
  while ($s =~ /\.(unsure|not_found|unknown|illegal_step)\s*=\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+)/g) {
    my ($field, $run, $at) = ($1, $2, $-[0]);
    for my $lit (literals($run)) {
      push @found, [$line_at->($at), $lit, ".$field"]
        if has_words($lit) && !allowed($file, $lit);
    }
  }
  return sort { $a->[0] <=> $b->[0] } @found;
}

sub slurp {
  my ($path) = @_;
  open my $fh, '<', $path or die "$0: cannot read $path: $!\n";
  local $/;
  my $t = <$fh>;
  close $fh;
  return $t;
}

sub selftest {
  my @bad = (
    'fprintf(stderr, "oops\n");',
    'printf("Receipt number: %s\n", no);',
    'puts("done");',
    'fputs("\nLatest events:\n", f);',
    'snprintf(err, errlen, "option --%s needs a value", o->name);',
    'snprintf(err, errlen, _("cannot read %s: %s"), path, e ? "no such file" : strerror(errno));',
    'printf(_("%s\n"), x ? "yes" : _("no"));',
    'return td_call_usage_error("stats", "bad month", usage);',
    'return td_opt_bad_value("--unit", v, "a unit code", err, errlen);',
    'return fail(err, errlen, TD_ETLS,' . "\n" . '  "the server %s "' . "\n" . '  "refused", c->server);',
    'static const struct td_call c = {.command = "x", .unknown = "an old server"};',
    'fprintf(f, "%-*s  %s\n", w, "TOTAL", x);',
    'fprintf(f, "%s" PRIu64 " petitions\n", x);',
  );
  my @good = (
    'fprintf(stderr, _("oops\n"));',
    'printf("%s\n", _(label));',
    'fprintf(f, "%*s", n, "");',
    'fprintf(f, "  %-*s  ", w, name);',
    'snprintf(buf, 32, "#%" PRId64, id);',
    'fputs("\033[H\033[2J", out);',
    'fputs("\xEF\xBB\xBF", stdout);',
    'fputs("null", f);',
    'fputs("{\"keys\":{", f);',
    'fputs(",\"group_by\":[", f);',
    'snprintf(path, n, "%s/.config/tiepdan/client.conf", home);',
    'snprintf(path, n, "%s/vi/LC_MESSAGES/" DOMAIN ".mo", dir);',
    'snprintf(err, n, _("%s must be a number"), f ? "--timeout" : "TIEPDAN_TIMEOUT");',
    'snprintf(buf, n, "%" PRIu64 ".%03" PRIu64, a, b);',
    'fprintf(stderr, "tiepdan: %s\n\n", err);',
    'snprintf(err, errlen, _("option --%s takes no value"), o->name);',
    'fprintf(f, td_ngettext("%lu petition\n", "%lu petitions\n", n), n);',
    'static const char *const t[] = {N_("Open")}; puts(_(t[0]));',
    'fprintf(stderr, _("Warning: %s; load " "YEAR FILE\n"), w);',
    '/* printf("comment only"); */ int x;',
    'static int fail(struct parser *ps, int line, const char *fmt, ...);',
    'struct td_call c = {.command = "stats", .unknown = N_("old server")};',
    'return td_call_usage_error("stats", err, _(usage));',
    'snprintf(out, n, "%s %02d:%02d", day, h, m);',
    'fprintf(f, "%.*s\n", (int)n, line);',
  );
  my $failures = 0;
  for my $c (@bad) {
    my @f = check_text('selftest.c', $c);
    next if @f;
    print "i18n selftest: not caught: $c\n";
    $failures++;
  }
  for my $c (@good) {
    my @f = check_text('selftest.c', $c);
    next if !@f;
    print "i18n selftest: false alarm: $c\n";
    $failures++;
  }
  if ($failures) {
    print "i18n selftest: FAILED\n";
    exit 1;
  }
  printf "i18n selftest: ok, %d bad lines caught, %d good ones passed\n",
    scalar @bad, scalar @good;
  exit 0;
}

selftest() if $selftest;

my @files = @ARGV;
if (!@files) {
  find({ no_chdir => 1, wanted => sub {
    push @files, substr($File::Find::name, length($root) + 1)
      if /\.c$/ && !m{/render/report_[^/]*\.c$};
  } }, "$root/client");
  @files = sort @files;
}

my $n = 0;
my %files_with;
for my $file (@files) {
  my $rel = $file;
  $rel =~ s{^\Q$root\E/}{};
  for my $f (check_text($rel, slurp("$root/$rel"))) {
    my ($line, $lit, $fn) = @$f;
    print "$rel:$line: unwrapped text in $fn: \"$lit\"\n";
    $files_with{$rel}++;
    $n++;
  }
}
if ($n) {
  printf "i18n: %d string%s in %d file%s an officer would read in English: "
    . "wrap them in _() (N_() in a static table) and translate them in "
    . "po/vi.po, or, for a machine format, add them to %%allow in %s with "
    . "the reason\n",
    $n, $n == 1 ? '' : 's', scalar keys %files_with,
    keys %files_with == 1 ? '' : 's', 'tests/style/i18n.pl';
  exit 1;
}
printf "i18n: ok, %d files\n", scalar @files;
exit 0;
