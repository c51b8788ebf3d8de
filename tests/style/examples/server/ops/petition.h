/* An example header of layer 5 (server/ops/), for checksrc's self-test. */
int td_example_petition(void);
