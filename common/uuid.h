/*
 * UUIDs in their usual text form, 8-4-4-4-12 hex digits: the idempotency
 * keys that a client makes and a server checks.
 */
#ifndef TD_COMMON_UUID_H
#define TD_COMMON_UUID_H

#define TD_UUID_LEN 36

/* Writes the version 4 UUID made from 16 random bytes into out, lower-case:
 * "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (the version and RFC 4122 variant
 * bits are set over the bytes given). The randomness is the caller's. */
void td_uuid_format(const unsigned char bytes[16], char out[TD_UUID_LEN + 1]);

/* 1 if s has the shape of a UUID, 8-4-4-4-12 hex digits of any version and
 * either case, else 0. */
int td_uuid_valid(const char *s);

#endif
