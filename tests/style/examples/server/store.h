/* An example header at a path outside the layer table. */
int td_example_store(void);
