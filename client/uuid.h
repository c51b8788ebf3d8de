/*
 * Idempotency keys: random (version 4) UUIDs in their usual text form,
 * lower-case hex "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
 */
#ifndef TD_CLIENT_UUID_H
#define TD_CLIENT_UUID_H

#define TD_UUID_LEN 36

/* Writes a fresh random UUID and its NUL into out. Returns 0, or -1 if the
 * system's random source failed. */
int td_uuid_v4(char out[TD_UUID_LEN + 1]);

/* Writes the version 4 UUID made from 16 random bytes into out. */
void td_uuid_format(const unsigned char bytes[16], char out[TD_UUID_LEN + 1]);

/* Whether s has the shape of a UUID (any version, either case). */
int td_uuid_valid(const char *s);

#endif
