/*
 * The syntax of codes: the reference codes of kinds, channels, fields and
 * the like, and the codes of administrative units (national codes: two
 * digits for a province, three for a district, five for a commune).
 */
#ifndef TD_COMMON_CODE_H
#define TD_COMMON_CODE_H

/* 1 if s is a code: 1 to TD_CODE_MAX of [A-Za-z0-9_.-], else 0. */
int td_code_valid(const char *s);

/* The level of the unit a national code names, by its length: "province"
 * (2), "district" (3), else "commune". As GetStats's unit_level spells it. */
const char *td_code_unit_level(const char *code);

#endif
