/* An example header of layer 8 (server/net/), for checksrc's self-test. */
int td_example_listener(void);
