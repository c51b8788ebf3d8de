/*
 * The language the officer reads: Vietnamese by default, English on
 * request. Messages are written in English in the source and translated
 * through the gettext catalog po/vi.po (compiled to tiepdan.mo at build),
 * so every string an officer reads is wrapped:
 *
 *   printf(_("Receipt number: %s\n"), no);      translated here
 *   static const char *const t[] = {N_("Open")}; marked, translated at use
 *
 * The language is chosen by, first to last: td_lang_set() (the --lang
 * option, the "language" setting), TIEPDAN_LANG, then the locale
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG): English when it names English,
 * Vietnamese otherwise, including when it is unset or "C" as on many an
 * officer's machine. The lowest client layer: it includes nothing of ours.
 */
#ifndef TD_LANG_LANG_H
#define TD_LANG_LANG_H

enum td_lang { TD_LANG_VI, TD_LANG_EN };

/* Picks the language from the environment and finds the catalog. Call
 * once, first thing in main. */
void td_lang_init(void);

/* "vi", "en" (any case; also "vi_VN.UTF-8", "English", "tiếng Việt" ...).
 * Returns 0, or -1 when name is no language this client speaks. */
int td_lang_set(const char *name);

/* Whether the language was given explicitly (td_lang_set or TIEPDAN_LANG),
 * so that a setting read later must not override it. */
int td_lang_explicit(void);

enum td_lang td_lang_current(void);

/* msgid in the current language: its translation in Vietnamese (msgid
 * itself when the catalog lacks it), msgid in English. */
const char *td_gettext(const char *msgid) __attribute__((format_arg(1)));
const char *td_ngettext(const char *one, const char *many, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));

/* The directory the catalog was found in, or NULL when none was: a
 * Vietnamese client without its catalog prints English, and says so in
 * `tiepdan --version`. */
const char *td_lang_catalog_dir(void);

#define _(s) td_gettext(s)
#define N_(s) (s)

#endif
