/* An example header of the client's layer 4 (client/cmd/). */
int td_example_submit(void);
