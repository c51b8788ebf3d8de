/*
 * The limits that server and client must agree on, written once: the
 * server refuses what lies beyond them, and the client checks the same
 * numbers first so that an officer hears of a mistake before anything is
 * sent. Changing one changes both programs.
 */
#ifndef TD_COMMON_LIMITS_H
#define TD_COMMON_LIMITS_H

/* Byte limits on text fields. A summary of 16 KiB is several pages. */
#define TD_SUMMARY_MAX 16384
#define TD_NAME_MAX 256
#define TD_ADDRESS_MAX 512
#define TD_CONTACT_MAX 256
#define TD_ID_NUMBER_MAX 32
#define TD_CODE_MAX 32
#define TD_TEXT_FILTER_MAX 256
/* An officer's note on a petition or a session, and a session's title. */
#define TD_NOTE_MAX 4000
#define TD_TITLE_MAX 500
/* People who sign one petition; five or more make a group petition. */
#define TD_GROUP_SIZE_MAX 100000

/* Petitions per page of ListPetitions: the server's default and most. */
#define TD_LIST_DEFAULT 50
#define TD_LIST_MAX 200
/* ListPetitions' due_within_days: at most a year ahead. */
#define TD_DUE_WITHIN_MAX 366

/* Changes: events per reply (the server's default and most), and the
 * longest long poll, in seconds. */
#define TD_CHANGES_LIMIT_DEFAULT 100
#define TD_CHANGES_LIMIT_MAX 1000
#define TD_CHANGES_WAIT_MAX_S 60

/* MergeUnits: old units merged into one at a time. More communes than this
 * never merge into one; the 2025 reform merged at most a handful. */
#define TD_MERGE_MAX 16

/* AddUnits: units added or loaded at once. The official list of 2025 has
 * 34 provinces and 3321 communes; villages may follow them. */
#define TD_UNITS_LOAD_MAX 20000

/* Statistics are kept for the months of these years. */
#define TD_STATS_YEAR_MIN 2000
#define TD_STATS_YEAR_MAX 2100
/* Open petitions due within this many days count as due soon ("due within
 * 3 days", as the dashboards show it), unless a request asks for up to
 * TD_STATS_SOON_DAYS_MAX. */
#define TD_STATS_SOON_DAYS 3
#define TD_STATS_SOON_DAYS_MAX 60

/* Frames: the payload a peer accepts until the HelloReply says otherwise,
 * and the most any configuration may allow. */
#define TD_FRAME_DEFAULT_MAX (1u << 20)
#define TD_FRAME_HARD_MAX (16u << 20)

#endif
