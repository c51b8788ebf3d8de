/* Help texts; see usage.h. */
#include "usage.h"

#include <stddef.h>
#include <string.h>

const char td_usage_main[] =
    "Usage: tiepdan [GLOBAL OPTIONS] COMMAND [OPTIONS]\n"
    "\n"
    "Records citizens' petitions on the commune's tiepdan server and looks\n"
    "them up.\n"
    "\n"
    "Commands:\n"
    "  whoami    show whom this computer's certificate belongs to\n"
    "  submit    record a petition and print its receipt number\n"
    "  show      print one petition, by id or receipt number\n"
    "  list      list petitions: newest first, or overdue and due soon\n"
    "  history   print every recorded step of one petition\n"
    "  stats     count the petitions received in a period: accepted,\n"
    "            resolved on time or late, still open or overdue\n"
    "  report    write the period's report, as the communes' reports word\n"
    "            it, in Vietnamese or English, or as an Excel workbook\n"
    "  watch     a live dashboard of a district's or province's communes:\n"
    "            open, overdue and due petitions, redrawn as events come\n"
    "  changes   print the events recorded after a cursor, for scripts\n"
    "\n"
    "Steps in a petition's life, each given the id or receipt number:\n"
    "  accept    accept it for handling (thụ lý): the resolution deadline\n"
    "            starts\n"
    "  reject    refuse to accept it, with the reason\n"
    "  transfer  send it on to the competent agency\n"
    "  start     begin work on an accepted petition\n"
    "  resolve   record how it was resolved\n"
    "  withdraw  record that the citizen withdrew it\n"
    "  reopen    reopen a resolved petition that the citizen contests\n"
    "  extend    extend its deadline, with the reason\n"
    "  note      add a note to its history\n"
    "\n"
    "Reception sessions:\n"
    "  session open|close|list\n"
    "            open a session, close it with its figures, list them\n"
    "\n"
    "Administration (administrators):\n"
    "  admin holidays load YEAR FILE\n"
    "            load the public holidays of a year\n"
    "  admin principal add|revoke|list\n"
    "            register an officer's certificate, revoke it, list them\n"
    "  admin unit merge OLD... --into NEW --on DATE\n"
    "            record that communes merged\n"
    "\n"
    "Run \"tiepdan COMMAND --help\" for the options of a command.\n"
    "\n"
    "Global options (each may also come from the environment variable or the\n"
    "configuration file key named after it):\n"
    "  --server HOST:PORT  the server              TIEPDAN_SERVER, server\n"
    "  --cert FILE         this computer's cert    TIEPDAN_CERT, cert\n"
    "  --key FILE          its private key         TIEPDAN_KEY, key\n"
    "  --ca FILE           the CA of the server    TIEPDAN_CA, ca\n"
    "  --timeout SECONDS   network wait (30)       TIEPDAN_TIMEOUT, timeout\n"
    "  --config FILE       configuration file (TIEPDAN_CONFIG; by default\n"
    "                      ~/.config/tiepdan/client.conf, else\n"
    "                      /etc/tiepdan/client.conf)\n"
    "  --format FORMAT     table (default), csv or json\n"
    "  --help, --version\n"
    "Options on the command line win over the environment, which wins over\n"
    "the configuration file.\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  unexpected internal error\n"
    "  2  usage error: a wrong or missing option\n"
    "  3  cannot connect, or TLS failed (e.g. a refused certificate)\n"
    "  4  the server refused the request, including a change to a petition\n"
    "     that someone else changed meanwhile\n"
    "  5  the server is temporarily unavailable; nothing was recorded yet\n";

const char td_usage_whoami[] =
    "Usage: tiepdan [GLOBAL OPTIONS] whoami\n"
    "\n"
    "Connects and shows the account this computer's certificate belongs to:\n"
    "its name, role and unit, and the server's version. A quick check that\n"
    "the certificate and the connection work.\n";

const char td_usage_submit[] =
    "Usage: tiepdan [GLOBAL OPTIONS] submit --kind KIND --channel CHANNEL\n"
    "                                      [--summary TEXT|-] [OPTIONS]\n"
    "\n"
    "Records a petition and prints its receipt number (số biên nhận) for the\n"
    "citizen. If the server cannot be reached or is busy, tries again with\n"
    "the same key, so the petition is never recorded twice.\n"
    "\n"
    "Required:\n"
    "  --kind KIND        complaint, denunciation, recommendation, feedback,\n"
    "                     request\n"
    "  --channel CHANNEL  regular_reception, periodic_reception, dialogue,\n"
    "                     voters_meeting, front_supervision, suggestion_box,\n"
    "                     digital, transferred_in\n"
    "  --summary TEXT     what the citizen asks; \"--summary -\" reads it\n"
    "                     from standard input, as does leaving it out when\n"
    "                     the input is a pipe or a file\n"
    "Optional:\n"
    "  --unit CODE        the handling commune (default: your own unit)\n"
    "  --village CODE     the village concerned\n"
    "  --field FIELD      land, social_policy, economy, rural_infrastructure,\n"
    "                     electricity, environment, admin_procedure,\n"
    "                     digital_transformation, security_order, culture\n"
    "  --group-size N     number of signatories (5 or more: a group petition)\n"
    "  --name NAME        the petitioner's full name\n"
    "  --id-number NUMBER the petitioner's citizen ID number\n"
    "  --address TEXT     the petitioner's address\n"
    "  --contact TEXT     the petitioner's phone or e-mail\n"
    "  --confidential     the petitioner asked to keep their identity secret\n"
    "  --received \"YYYY-MM-DD[ HH:MM]\"\n"
    "                     when it was received, local time (default: now)\n"
    "  --key KEY          the key an earlier, unfinished submit printed\n"
    "  --retries N        retries after a failure, default 3 (after 1, 2, 4 "
    "s)\n"
    "  --session ID       the reception session it came from (see\n"
    "                     \"tiepdan session list\")\n"
    "\n"
    "Example:\n"
    "  tiepdan submit --kind complaint --channel regular_reception \\\n"
    "    --field land --name \"Nguyễn Văn An\" \\\n"
    "    --summary \"Đề nghị xem xét lại ranh giới thửa đất số 120.\"\n";

const char td_usage_show[] =
    "Usage: tiepdan [GLOBAL OPTIONS] show ID|RECEIPT [--explain]\n"
    "\n"
    "Prints every field of one petition, found by its id (digits only) or its\n"
    "receipt number (e.g. BL-2026-000001): its status, its deadline and the\n"
    "step it is for (accept: deciding whether to accept it; resolve:\n"
    "answering it), the days elapsed and remaining. An identity kept from\n"
    "your role shows as (withheld).\n"
    "\n"
    "  --explain  also print how the server computed the deadline: the rule\n"
    "             and its legal basis, the days counted, the holidays and\n"
    "             weekends skipped\n";

const char td_usage_list[] =
    "Usage: tiepdan [GLOBAL OPTIONS] list [OPTIONS]\n"
    "\n"
    "Lists petitions of your unit and the units below it, newest first;\n"
    "with --overdue or --due-within, the most urgent first. DEADLINE is the\n"
    "date the current step is due, LEFT the days until then (negative:\n"
    "overdue by that many days; -: no deadline runs).\n"
    "\n"
    "  --unit CODE        only this unit\n"
    "  --kind KIND        only this kind, e.g. complaint\n"
    "  --status STATUS    received, accepted, not_accepted, transferred,\n"
    "                     in_progress, resolved or withdrawn\n"
    "  --from YYYY-MM-DD  received on or after this day\n"
    "  --to YYYY-MM-DD    received on or before this day\n"
    "  --text TEXT        summary or receipt number contains TEXT\n"
    "  --limit N          petitions per page\n"
    "  --cursor CURSOR    continue where a previous page stopped\n"
    "  --all              fetch every page\n"
    "  --overdue          only open petitions past their deadline\n"
    "  --due-within DAYS  only open petitions due within DAYS days (1 to\n"
    "                     366), written 3d or 3\n"
    "  --session ID       only petitions from this reception session\n";

const char td_usage_history[] =
    "Usage: tiepdan [GLOBAL OPTIONS] history ID|RECEIPT\n"
    "\n"
    "Prints every recorded step of one petition, oldest first: when, by\n"
    "whom, what was done, the status before and after, and the note. When\n"
    "the step changed fields (a deadline recomputed, say), their new values\n"
    "follow as JSON under the note. With --format csv or json, one record\n"
    "per step.\n";

const char td_usage_stats[] =
    "Usage: tiepdan [GLOBAL OPTIONS] stats [--unit CODE] [--from MONTH] "
    "[--to MONTH]\n"
    "                                     [--by DIM[,DIM...]] "
    "[--level LEVEL]\n"
    "\n"
    "Counts the petitions received in a period of whole months, as they\n"
    "stand today, in your unit and the units below it: one row per group,\n"
    "then a TOTAL row, then the reception sessions held in the period.\n"
    "\n"
    "  --unit CODE        this unit and the units below it (default: your\n"
    "                     own unit)\n"
    "  --from MONTH       the first month, YYYY-MM; a day YYYY-MM-DD stands\n"
    "                     for its month, a year YYYY for its January\n"
    "                     (default: 11 months before --to, a year in all)\n"
    "  --to MONTH         the last month, the same way; a year YYYY stands\n"
    "                     for its December (default: the current month)\n"
    "  --by DIM[,DIM...]  one row per group of unit, kind, channel, field,\n"
    "                     status, and one of month, quarter or year;\n"
    "                     several group in the order given, with commas or\n"
    "                     --by again\n"
    "  --level LEVEL      with --by unit: count by nation, province,\n"
    "                     district or commune (default: commune)\n"
    "\n"
    "Columns: RECEIVED; ACCEPTED for handling (thụ lý); NOT_ACC(epted);\n"
    "TRANSF(erred); RESOLVED, of which ON_TIME and LATE; OPEN: still open\n"
    "within the deadline; OVERDUE: open and past it; WITHDR(awn); GROUP:\n"
    "petitions of five or more signatories; %RESOLVED = RESOLVED / RECEIVED\n"
    "and %ON_TIME = ON_TIME / RESOLVED, in percent (\"-\": nothing to\n"
    "divide by). OPEN and OVERDUE are judged on the day the last line\n"
    "names. csv and json also split RESOLVED by outcome and name every\n"
    "measure as the wire schema does, with the rates as fractions: 0.982\n"
    "where the table shows 98.2.\n"
    "\n"
    "Example:\n"
    "  tiepdan stats --from 2026-01 --to 2026-06 --by month,kind\n";

const char td_usage_watch[] =
    "Usage: tiepdan [GLOBAL OPTIONS] watch --unit CODE [--from MONTH] "
    "[--once]\n"
    "\n"
    "A live dashboard of a district or province: one row per commune with\n"
    "the petitions received since --from as they stand now, the latest\n"
    "events, and a status line. It waits for the server's change feed and\n"
    "redraws whenever a petition is recorded or moves. If the connection\n"
    "is lost or the server restarts, it says so, reconnects after 0.5 s,\n"
    "1 s, 2 s, ... up to 5 s, and goes on without missing an event. Ctrl-C\n"
    "(or SIGTERM) ends it. On a terminal each frame replaces the last;\n"
    "otherwise (a log, a pipe) frames follow each other with a blank line\n"
    "between them.\n"
    "\n"
    "  --unit CODE    the district or province (or a commune) to watch\n"
    "                 (required); you see only your own unit and the units\n"
    "                 below it\n"
    "  --from MONTH   count petitions received from this month, YYYY-MM\n"
    "                 (default: January of this year), to this month\n"
    "  --once         draw one frame and exit\n"
    "\n"
    "Columns: OPEN: open petitions, within the deadline or past it;\n"
    "OVERDUE: open and past the deadline; DUE\xe2\x89\xa4"
    "3D: open, within the\n"
    "deadline, and due within 3 days; ON TIME %: resolved on time / resolved\n"
    "(\"\xe2\x80\x93\": nothing resolved yet).\n"
    "\n"
    "Example:\n"
    "  tiepdan watch --unit 12\n";

const char td_usage_changes[] =
    "Usage: tiepdan [GLOBAL OPTIONS] changes [--since N] [--wait SECONDS]\n"
    "                                       [--limit N] [--unit CODE]\n"
    "\n"
    "Prints the events recorded after the cursor N in your unit and the\n"
    "units below it, oldest first, then the new cursor to give as --since\n"
    "next time. Without --since it prints only the current cursor: start\n"
    "there to follow what happens from now on. Notes you may not read are\n"
    "withheld.\n"
    "\n"
    "  --since N       the cursor a previous run printed (0: from the start)\n"
    "  --wait SECONDS  when nothing is new, wait up to this long (0 to 60)\n"
    "                  for an event before answering; needs --since\n"
    "  --limit N       at most N events (1 to 1000, default 100); when more\n"
    "                  are ready the table says so on standard error\n"
    "  --unit CODE     only the events of this unit and the units below it\n"
    "\n"
    "Output: table: one line per event, then \"cursor N\"; csv: one row per\n"
    "event, its last columns the cursor and more (with no events, one row\n"
    "with only those); json: {\"cursor\": N, \"more\": false, \"events\":\n"
    "[...]}.\n"
    "\n"
    "Example:\n"
    "  c=$(tiepdan --format json changes | jq .cursor)\n"
    "  tiepdan changes --since \"$c\" --wait 60\n";

const char td_usage_report[] =
    "Usage: tiepdan [GLOBAL OPTIONS] report --from MONTH --to MONTH "
    "[--unit CODE]\n"
    "                                      [--lang vi|en] [--front]\n"
    "                                      [--table NAME | --xlsx FILE]\n"
    "\n"
    "Writes the report of a unit for a period in the order and words of the\n"
    "communes' own reports (báo cáo kết quả tiếp công dân, giải quyết đơn\n"
    "thư): the petitions received in the period and how they stand today,\n"
    "their outcomes, group petitions (đoàn đông người) and kinds; then the\n"
    "reception sessions, dialogue conferences and voters' meetings held;\n"
    "with --front, the Front's recommendations after supervision.\n"
    "\n"
    "  --from MONTH   the first month, YYYY-MM (required). Statistics are\n"
    "                 kept by whole months: a day YYYY-MM-DD stands for its\n"
    "                 month, so --from 2025-07-15 counts from 1 July 2025\n"
    "  --to MONTH     the last month, the same way (required): --to\n"
    "                 2026-06-10 counts to the end of June 2026\n"
    "  --unit CODE    this unit and the units below it (default: your own\n"
    "                 unit)\n"
    "  --lang LANG    vi (Vietnamese, the default) or en (English)\n"
    "  --front        add the follow-up of the Fatherland Front's\n"
    "                 recommendations: those of kind recommendation that came\n"
    "                 by channel front_supervision. Their rate \"tiếp thu, "
    "trả\n"
    "                 lời, giải quyết\" is resolved / received of them\n"
    "  --table NAME   print one table instead: summary, kind, field, channel,\n"
    "                 month, sessions, or front (with --front)\n"
    "  --xlsx FILE    write an Excel workbook instead, one sheet per table\n"
    "                 (Tổng hợp with the report's paragraphs, Theo loại,\n"
    "                 Theo lĩnh vực, Theo kênh, Theo tháng, Tiếp công dân),\n"
    "                 and print its path\n"
    "\n"
    "Rates: resolved = resolved / received; on time = resolved on time /\n"
    "resolved; left out (\"-\" in tables) when there is nothing to divide by.\n"
    "Open and overdue petitions are counted as they stand today. In\n"
    "Vietnamese, one to nine are written with two digits (\"01 đơn\") and\n"
    "percentages with a decimal comma (\"98,2%\"), as the reports write them.\n"
    "\n"
    "With --format csv, --table is required: that table with a header row,\n"
    "codes and plain numbers, rates as fractions (0.982), for scripts. With\n"
    "--format json: the paragraphs and every table as one object.\n"
    "\n"
    "Examples:\n"
    "  tiepdan report --from 2025-07 --to 2026-06\n"
    "  tiepdan report --from 2024-01 --to 2024-09 --lang en --front\n"
    "  tiepdan report --from 2025-07 --to 2026-06 --xlsx bao-cao.xlsx\n"
    "  tiepdan --format csv report --from 2025-07 --to 2026-06 --table kind\n";

#define TRANSITION_AT                                                          \
  "  --at \"YYYY-MM-DD[ HH:MM]\"\n"                                            \
  "                     when it happened, local time (default: now)\n"

/* What every transition's usage ends with, but note's. */
#define TRANSITION_COMMON                                                      \
  TRANSITION_AT                                                                \
  "  --expect-version N change it only if it is still at version N, as\n"      \
  "                     \"tiepdan show\" printed it\n"                         \
  "  --retries N        retries after a failure, default 3 (after 1, 2, 4 "    \
  "s)\n"                                                                       \
  "\n"                                                                         \
  "The petition is read first to learn its version, and is changed only if\n"  \
  "it is still at that version. If someone else changed it in between,\n"      \
  "nothing is changed: look at it with \"tiepdan show ID\" and run the\n"      \
  "command again if it still applies.\n"

static const char accept_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] accept ID|RECEIPT [OPTIONS]\n"
    "\n"
    "Accepts a received petition for handling (thụ lý). The resolution\n"
    "deadline starts from this day; a complex case gets the longer one.\n"
    "\n"
    "  --complex          the case is complex (longer deadline)\n"
    "  --note TEXT        a note for the history\n" TRANSITION_COMMON;

static const char reject_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] reject ID|RECEIPT --reason TEXT "
    "[OPTIONS]\n"
    "\n"
    "Refuses to accept a received petition (không thụ lý), with the reason\n"
    "the citizen will be told.\n"
    "\n"
    "  --reason TEXT      why it is not accepted "
    "(required)\n" TRANSITION_COMMON;

static const char transfer_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] transfer ID|RECEIPT --to AGENCY "
    "[OPTIONS]\n"
    "\n"
    "Sends a received petition on to the agency competent to handle it.\n"
    "\n"
    "  --to AGENCY        the agency it goes to (required)\n"
    "  --note TEXT        a note for the history\n" TRANSITION_COMMON;

static const char start_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] start ID|RECEIPT [OPTIONS]\n"
    "\n"
    "Records that work on an accepted petition has begun.\n"
    "\n"
    "  --note TEXT        a note for the history\n" TRANSITION_COMMON;

static const char resolve_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] resolve ID|RECEIPT --outcome OUTCOME "
    "[OPTIONS]\n"
    "\n"
    "Records how a petition in progress was resolved.\n"
    "\n"
    "  --outcome OUTCOME  answered_in_writing, mediated_successfully,\n"
    "                     mediation_failed or decision_issued (required)\n"
    "  --satisfaction S   whether the citizen was satisfied: satisfied,\n"
    "                     not_satisfied or not_asked\n"
    "  --note TEXT        a note for the history\n" TRANSITION_COMMON;

static const char withdraw_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] withdraw ID|RECEIPT --reason TEXT "
    "[OPTIONS]\n"
    "\n"
    "Records that the citizen withdrew an open petition.\n"
    "\n"
    "  --reason TEXT      why, in the citizen's words (required)\n"
    "  --satisfaction S   satisfied, not_satisfied or "
    "not_asked\n" TRANSITION_COMMON;

static const char reopen_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] reopen ID|RECEIPT --reason TEXT "
    "[OPTIONS]\n"
    "\n"
    "Puts a resolved petition back in progress because the citizen contests\n"
    "the answer.\n"
    "\n"
    "  --reason TEXT      what the citizen contests "
    "(required)\n" TRANSITION_COMMON;

static const char extend_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] extend ID|RECEIPT --reason TEXT "
    "[OPTIONS]\n"
    "\n"
    "Extends the deadline of an accepted or in-progress petition by the\n"
    "period the law allows; the server refuses more extensions than that.\n"
    "\n"
    "  --reason TEXT      why more time is needed (required)\n"
    "  --decision-no NO   the number of the extension "
    "decision\n" TRANSITION_COMMON;

static const char note_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] note ID|RECEIPT TEXT|- [OPTIONS]\n"
    "\n"
    "Adds a note to a petition's history; its status and version do not\n"
    "change. \"-\" reads the text from standard input.\n"
    "\n" TRANSITION_AT "\n"
    "A note is sent once, without retries: if the connection fails, check\n"
    "with \"tiepdan history ID\" whether it was recorded before adding it\n"
    "again.\n";

const char *td_usage_transition(const char *command)
{
  static const struct {
    const char *command;
    const char *usage;
  } usages[] = {
      {"accept", accept_usage},     {"reject", reject_usage},
      {"transfer", transfer_usage}, {"start", start_usage},
      {"resolve", resolve_usage},   {"withdraw", withdraw_usage},
      {"reopen", reopen_usage},     {"extend", extend_usage},
      {"note", note_usage},
  };
  size_t i;

  for (i = 0; i < sizeof(usages) / sizeof(usages[0]); i++)
    if (strcmp(usages[i].command, command) == 0)
      return usages[i].usage;
  return NULL;
}

const char td_usage_session[] =
    "Usage: tiepdan [GLOBAL OPTIONS] session open|close|list [OPTIONS]\n"
    "\n"
    "Reception sessions (buổi tiếp công dân): open one when it starts, link\n"
    "the petitions it brings with \"tiepdan submit --session ID\", close it\n"
    "with its figures when it ends.\n"
    "\n"
    "  session open   open a session and print its number\n"
    "  session close  close it, with attendance and opinions\n"
    "  session list   list sessions\n"
    "Run \"tiepdan session open --help\" and so on for their options.\n";

const char td_usage_session_open[] =
    "Usage: tiepdan [GLOBAL OPTIONS] session open --type TYPE "
    "--presided-by NAME\n"
    "                                           [--title TEXT] [OPTIONS]\n"
    "\n"
    "Opens a reception session and prints its number, which submit --session\n"
    "and session close take.\n"
    "\n"
    "  --type TYPE        regular (thường xuyên), periodic (định kỳ),\n"
    "                     dialogue (đối thoại) or voters (tiếp xúc cử tri)\n"
    "  --presided-by NAME who presides over it\n"
    "  --title TEXT       what the session is about\n"
    "  --unit CODE        the unit holding it (default: your own unit)\n"
    "  --at \"YYYY-MM-DD[ HH:MM]\"\n"
    "                     when it opened, local time (default: now)\n"
    "\n"
    "It is sent once, without retries, so that it cannot be opened twice.\n";

const char td_usage_session_close[] =
    "Usage: tiepdan [GLOBAL OPTIONS] session close SESSION_ID [OPTIONS]\n"
    "\n"
    "Closes a reception session and records its figures.\n"
    "\n"
    "  --attendees N          people who came\n"
    "  --opinions N           opinions raised\n"
    "  --resolved-on-spot N   of those, answered there and then\n"
    "  --forwarded N          of those, sent on to competent agencies\n"
    "  --note TEXT            a note on the session\n"
    "  --at \"YYYY-MM-DD[ HH:MM]\"\n"
    "                         when it closed, local time (default: now)\n";

const char td_usage_session_list[] =
    "Usage: tiepdan [GLOBAL OPTIONS] session list [OPTIONS]\n"
    "\n"
    "Lists reception sessions of your unit.\n"
    "\n"
    "  --unit CODE        only this unit\n"
    "  --type TYPE        only regular, periodic, dialogue or voters\n"
    "  --from YYYY-MM-DD  opened on or after this day\n"
    "  --to YYYY-MM-DD    opened on or before this day\n";

const char td_usage_admin[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin TASK ...\n"
    "\n"
    "Administration, for an administrator's certificate. Each acts on the\n"
    "administrator's own unit and the units below it.\n"
    "\n"
    "  admin holidays load YEAR FILE\n"
    "            replace the public holidays of YEAR with those in FILE,\n"
    "            then recompute the deadlines they move\n"
    "  admin principal add --cert FILE --role ROLE --unit CODE [--name NAME]\n"
    "            register the officer holding a certificate; they can work\n"
    "            at once, without restarting the server\n"
    "  admin principal revoke ID|FINGERPRINT\n"
    "            refuse that certificate from its next request on\n"
    "  admin principal list [--unit CODE] [--all]\n"
    "            list who may connect, and for which unit\n"
    "  admin unit merge OLD [OLD...] --into NEW [--name NAME] --on DATE\n"
    "            record that communes merged into one\n"
    "Run \"tiepdan admin principal add --help\" and so on for the details.\n";

const char td_usage_admin_holidays[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin holidays load YEAR FILE\n"
    "\n"
    "Replaces the public holidays of a year. Run \"tiepdan admin holidays "
    "load\n"
    "--help\" for the file formats.\n";

const char td_usage_admin_principal[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin principal add|revoke|list ...\n"
    "\n"
    "Principals are the certificates the server knows: each acts in one role\n"
    "for one unit.\n"
    "\n"
    "  admin principal add     register a certificate's holder\n"
    "  admin principal revoke  refuse a certificate from now on\n"
    "  admin principal list    list the principals of your area\n"
    "Run \"tiepdan admin principal add --help\" and so on for their "
    "options.\n";

const char td_usage_principal_add[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin principal add --cert FILE "
    "--role ROLE\n"
    "                                   --unit CODE [--name NAME]\n"
    "\n"
    "Registers the holder of a certificate, who can connect at once: no\n"
    "restart of the server is needed. Registering a certificate again\n"
    "changes its role, unit or name, and lifts a revocation.\n"
    "\n"
    "  --cert FILE   the officer's certificate (.crt, PEM), as \"pki.sh "
    "issue\"\n"
    "                wrote it; only the certificate is sent, never a key\n"
    "  --role ROLE   reception, leader, front, dashboard or admin\n"
    "  --unit CODE   the unit they act for, e.g. 03390\n"
    "  --name NAME   their name as logs and histories show it (default:\n"
    "                the certificate's common name)\n"
    "\n"
    "The --cert here is this command's own; the global --cert before\n"
    "\"admin\" is the administrator's certificate.\n";

const char td_usage_principal_revoke[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin principal revoke ID|FINGERPRINT\n"
    "\n"
    "Revokes a principal: its next request is refused, on a connection\n"
    "already open too, without restarting the server. Give its id or its\n"
    "certificate's SHA-256 fingerprint (64 hex digits, with or without\n"
    "colons), as \"tiepdan admin principal list\" shows them. Registering\n"
    "the certificate again with \"admin principal add\" lifts it.\n";

const char td_usage_principal_list[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin principal list [--unit CODE] "
    "[--all]\n"
    "\n"
    "Lists the principals of your unit and the units below it: id, name,\n"
    "role, unit, certificate fingerprint (the first 16 digits in a table,\n"
    "all of them in csv and json), when registered and when revoked.\n"
    "\n"
    "  --unit CODE  only this unit and the units below it\n"
    "  --all        include revoked principals\n";

const char td_usage_admin_unit[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin unit merge OLD [OLD...] --into "
    "NEW\n"
    "                                   [--name NAME] --on YYYY-MM-DD\n"
    "\n"
    "Records changes of administrative units. Run \"tiepdan admin unit "
    "merge\n"
    "--help\" for the details.\n";

const char td_usage_unit_merge[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin unit merge OLD [OLD...] --into "
    "NEW\n"
    "                                   [--name NAME] --on YYYY-MM-DD\n"
    "\n"
    "Records that the communes OLD merged into NEW: they end the day before\n"
    "--on. Their petitions keep their unit in the records, and the successor\n"
    "sees them, handles them and counts them; their officers act for the\n"
    "successor from now on. If NEW does not exist yet, or is one of the old\n"
    "codes (a successor that keeps a predecessor's code), it is created as a\n"
    "commune named --name, continuing that predecessor's receipt numbers.\n"
    "\n"
    "  --into NEW        the successor's code\n"
    "  --name NAME       the successor's name, when it is created\n"
    "  --on YYYY-MM-DD   the successor's first day\n"
    "\n"
    "Example:\n"
    "  tiepdan admin unit merge 03405 03430 --into 03405 \\\n"
    "    --name \"Xã Tả Lèng\" --on 2026-07-01\n"
    "\n"
    "It is sent once, without retries.\n";

const char td_usage_holidays_load[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin holidays load YEAR FILE\n"
    "\n"
    "Replaces the public holidays of YEAR on the server with those in FILE,\n"
    "then recomputes the deadline of every open petition they move. Every\n"
    "date in FILE must fall in YEAR.\n"
    "\n"
    "FILE is either CSV, one holiday a line:\n"
    "    date,name\n"
    "    2026-04-30,Ngày Giải phóng miền Nam\n"
    "    2026-09-02,\"Quốc khánh, ngày 1\"\n"
    "  (a header line is optional; lines starting with # are skipped; a name\n"
    "  with a comma goes in double quotes; \";\" may separate instead of "
    "\",\")\n"
    "or an iCalendar file (.ics) as calendars export it: each event gives\n"
    "one holiday per day from DTSTART up to DTEND, named by its SUMMARY.\n"
    "Repeating events are refused: export the year's holidays as single\n"
    "events. Save either file as UTF-8.\n";
