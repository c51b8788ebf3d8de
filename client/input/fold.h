/*
 * Folding a value as officers type it into the one spelling it is compared
 * in: "Khiếu Nại", "KHIẾU NẠI", "khieu nai", "khieu_nai" and the same words
 * typed in decomposed Unicode (what Unikey's "Unicode tổ hợp" produces) all
 * fold to "khieu nai". Pure: used to match the names the server gives for
 * kinds, channels, fields, outcomes and statuses.
 */
#ifndef TD_INPUT_FOLD_H
#define TD_INPUT_FOLD_H

/*
 * Returns a malloc'd copy of s (the caller frees it) with:
 *   - ASCII letters in lower case;
 *   - every Vietnamese letter, precomposed, upper or lower case, with any
 *     tone, as its base letter (ắ, Ặ -> a; ư, Ừ -> u; đ, Đ -> d), and the
 *     other Latin-1 letters with accents likewise;
 *   - the combining marks U+0300-U+036F dropped, so a decomposed letter
 *     folds as its precomposed form does;
 *   - every run of white space and the separators _ - , . / ( ) ' made one
 *     space, and none at either end.
 * Anything else (other scripts, bytes that are not UTF-8) is kept as it
 * is, so it matches only itself. NULL is treated as "". Returns NULL if
 * memory ran out.
 */
char *td_fold(const char *s);

#endif
