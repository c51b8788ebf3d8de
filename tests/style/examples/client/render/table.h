/* An example header of the client's layer 2 (client/render/). */
int td_example_table(void);
