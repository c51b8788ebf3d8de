/* An example header of layer 3 (server/db/), for checksrc's self-test. */
int td_example_pool(void);
