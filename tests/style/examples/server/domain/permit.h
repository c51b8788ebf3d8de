/* An example header of layer 2 (server/domain/), for checksrc's self-test. */
int td_example_permit(void);
