/* The official forms' layout from the column tree (header rows, spans,
 * leaves left to right), a broken tree refused, and the terminal, csv and
 * json renderings of a filled form: outer groups left out so that a
 * column's own words show, blanks for manual columns, checks worded. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_client.h"
#include "lang/lang.h"
#include "render/report_form.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static Tiepdan__FormColumn cols[7];
static Tiepdan__FormColumn *colp[7];
static Tiepdan__FormRow rows[2];
static Tiepdan__FormRow *rowp[2];
static int64_t v1[4] = {5, 2, 3, 0};
static int64_t vt[4] = {5, 2, 3, 0};
static Tiepdan__FormCheck chk[2];
static Tiepdan__FormCheck *chkp[2];

static void col(int i, const char *id, const char *parent, const char *vi,
                unsigned number, int manual)
{
  Tiepdan__FormColumn c = TIEPDAN__FORM_COLUMN__INIT;

  c.id = (char *)id;
  c.parent = (char *)parent;
  c.label_vi = (char *)vi;
  c.label_en = (char *)vi;
  c.has_number = number > 0;
  c.number = number;
  c.has_manual = 1;
  c.manual = manual;
  cols[i] = c;
  colp[i] = &cols[i];
}

/* A form: (1) alone at the top; "Tiếp thường xuyên" over (2) and "Số vụ
 * việc", itself over (3) and (4); (4) is manual. */
static void form(Tiepdan__FormReply *r)
{
  Tiepdan__FormReply init = TIEPDAN__FORM_REPLY__INIT;
  Tiepdan__FormRow row = TIEPDAN__FORM_ROW__INIT;
  Tiepdan__FormCheck c = TIEPDAN__FORM_CHECK__INIT;

  *r = init;
  col(0, "t", NULL, "Tổng số lượt tiếp", 1, 0);
  col(1, "g", NULL, "Tiếp thường xuyên của cán bộ tiếp công dân", 0, 0);
  col(2, "g_v", "g", "Số lượt tiếp", 2, 0);
  col(3, "g_c", "g", "Số vụ việc được tiếp trong kỳ báo cáo", 0, 0);
  col(4, "g_c1", "g_c", "Tiếp lần đầu của công dân", 3, 0);
  col(5, "g_c2", "g_c", "Đôn đốc giải quyết", 4, 1);
  r->n_columns = 6;
  r->columns = colp;
  row.unit_code = "03390";
  row.unit_name = "Xã Bình Lư";
  row.n_values = 4;
  row.values = v1;
  v1[3] = -1;
  rows[0] = row;
  row.unit_code = NULL;
  row.unit_name = NULL;
  row.has_total = 1;
  row.total = 1;
  row.values = vt;
  vt[3] = -1;
  rows[1] = row;
  rowp[0] = &rows[0];
  rowp[1] = &rows[1];
  r->n_rows = 2;
  r->rows = rowp;
  c.formula = "1 = 2 + 3";
  c.has_ok = 1;
  c.ok = 1;
  chk[0] = c;
  c.formula = "3 = 4";
  c.has_ok = 0;
  chk[1] = c;
  chkp[0] = &chk[0];
  chkp[1] = &chk[1];
  r->n_checks = 2;
  r->checks = chkp;
  r->form = "01/TCD";
  r->title_vi = "TỔNG HỢP";
  r->title_en = "SUMMARY";
}

static void layout_follows_the_tree(void)
{
  Tiepdan__FormReply r;
  struct td_form_layout l;
  size_t i;

  form(&r);
  ASSERT_EQ(td_form_layout(&r, &l), 0);
  ASSERT_EQ(l.depth, 3);
  ASSERT_EQ(l.nleaves, 4);
  for (i = 0; i < 4; i++)
    ASSERT_EQ(l.leaves[i]->number, i + 1);
  ASSERT_EQ(l.ncells, 6);
  /* (1): row 0, spans down to the last header row. */
  ASSERT_STR_EQ(l.cells[0].col->id, "t");
  ASSERT_EQ(l.cells[0].row, 0);
  ASSERT_EQ(l.cells[0].bottom, 2);
  ASSERT_EQ(l.cells[0].first, 0);
  ASSERT_EQ(l.cells[0].last, 0);
  /* The group over leaves 1..3, one row high. */
  ASSERT_STR_EQ(l.cells[1].col->id, "g");
  ASSERT_EQ(l.cells[1].first, 1);
  ASSERT_EQ(l.cells[1].last, 3);
  ASSERT_EQ(l.cells[1].bottom, 0);
  /* (2) under it, down to the bottom; "Số vụ việc" over 2..3. */
  ASSERT_EQ(l.cells[2].row, 1);
  ASSERT_EQ(l.cells[2].bottom, 2);
  ASSERT_EQ(l.cells[3].first, 2);
  ASSERT_EQ(l.cells[3].last, 3);
  ASSERT_EQ(l.cells[4].row, 2);
  td_form_layout_free(&l);
  ASSERT_EQ(td_form_value(&rows[0], &cols[0]), 5);
  ASSERT_EQ(td_form_value(&rows[0], &cols[5]), -1);
}

static void broken_trees_are_refused(void)
{
  Tiepdan__FormReply r;
  struct td_form_layout l;

  form(&r);
  cols[2].parent = "nowhere";
  ASSERT_NE(td_form_layout(&r, &l), 0);
  form(&r);
  cols[1].parent = "g_c"; /* g under g_c under g: a cycle. */
  ASSERT_NE(td_form_layout(&r, &l), 0);
}

static void table_keeps_each_columns_own_words(void)
{
  Tiepdan__FormReply r;
  struct td_form_doc d = {NULL, 1};
  struct capture c;
  char *out;

  form(&r);
  capture_begin(&c);
  ASSERT_EQ(td_form_print(c.f, TD_FORMAT_TABLE, &r, &d), 0);
  out = capture_end(&c);
  ASSERT_NOT_NULL(strstr(out, "(1)   Tổng số lượt tiếp"));
  /* Too long with every group (over 60 columns): the outer ones give
   * way, one at a time, until it fits. */
  ASSERT_NOT_NULL(strstr(out, "(3)   … › Tiếp lần đầu của công dân"));
  ASSERT_NULL(strstr(out, "(3)   Tiếp thường xuyên"));
  ASSERT_NOT_NULL(strstr(out,
                         "(2)   Tiếp thường xuyên của cán bộ tiếp công dân › "
                         "Số lượt tiếp"));
  /* The manual column is blank; the checks are worded. */
  ASSERT_NOT_NULL(strstr(out, "Đôn đốc giải quyết"));
  ASSERT_NOT_NULL(strstr(out, "Check 1 = 2 + 3: holds"));
  ASSERT_NOT_NULL(strstr(out, "Check 3 = 4: not verified"));
  free(out);
}

static void csv_and_json_carry_plain_numbers(void)
{
  Tiepdan__FormReply r;
  struct td_form_doc d = {NULL, 1};
  struct capture c;
  char *out;

  form(&r);
  capture_begin(&c);
  ASSERT_EQ(td_form_print(c.f, TD_FORMAT_CSV, &r, &d), 0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "unit_code,unit_name,c1,c2,c3,c4\r\n"
                     "03390,Xã Bình Lư,5,2,3,\r\n"
                     "TOTAL,,5,2,3,\r\n");
  free(out);
  capture_begin(&c);
  ASSERT_EQ(td_form_print(c.f, TD_FORMAT_JSON, &r, &d), 0);
  out = capture_end(&c);
  ASSERT_NOT_NULL(strstr(out, "\"values\":[5,2,3,null]"));
  ASSERT_NOT_NULL(strstr(out, "{\"formula\":\"1 = 2 + 3\",\"ok\":true}"));
  ASSERT_NOT_NULL(strstr(out, "{\"formula\":\"3 = 4\",\"ok\":null}"));
  ASSERT_NOT_NULL(strstr(out, "\"manual\":true"));
  free(out);
}

int main(void)
{
  td_lang_set("en");
  RUN_TEST(layout_follows_the_tree);
  RUN_TEST(broken_trees_are_refused);
  RUN_TEST(table_keeps_each_columns_own_words);
  RUN_TEST(csv_and_json_carry_plain_numbers);
  return TEST_EXIT();
}
