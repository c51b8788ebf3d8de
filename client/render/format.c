/* Formats and what every renderer writes with; see format.h. */
#include "render/format.h"

#include <string.h>

int td_output_format_parse(const char *s, enum td_format *out)
{
  if (strcmp(s, "table") == 0)
    *out = TD_FORMAT_TABLE;
  else if (strcmp(s, "csv") == 0)
    *out = TD_FORMAT_CSV;
  else if (strcmp(s, "json") == 0)
    *out = TD_FORMAT_JSON;
  else
    return -1;
  return 0;
}

void td_output_json_string(FILE *f, const char *s)
{
  const unsigned char *p;

  if (s == NULL) {
    fputs("null", f);
    return;
  }
  fputc('"', f);
  for (p = (const unsigned char *)s; *p != '\0'; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(f, "\\%c", *p);
    else if (*p == '\n')
      fputs("\\n", f);
    else if (*p == '\r')
      fputs("\\r", f);
    else if (*p == '\t')
      fputs("\\t", f);
    else if (*p < 0x20)
      fprintf(f, "\\u%04x", *p);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

void td_output_csv_field(FILE *f, const char *s)
{
  const char *p;

  if (s == NULL)
    return;
  if (strpbrk(s, ",\"\r\n") == NULL) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (p = s; *p != '\0'; p++) {
    if (*p == '"')
      fputc('"', f);
    fputc(*p, f);
  }
  fputc('"', f);
}

void td_output_clean_indent(FILE *f, const char *s, const char *indent)
{
  const unsigned char *p;

  for (p = (const unsigned char *)s; *p != '\0'; p++) {
    if (*p == '\n' && indent != NULL) {
      fputc('\n', f);
      fputs(indent, f);
    } else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
      fputc(' ', f); /* A C1 control, U+0080-U+009F. */
      p++;
    } else if (*p < 0x20 || *p == 0x7f) {
      fputc(' ', f);
    } else {
      fputc(*p, f);
    }
  }
}

void td_output_clean(FILE *f, const char *s)
{
  td_output_clean_indent(f, s, NULL);
}
