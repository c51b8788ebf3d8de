/* An example header of layer 1 (proto/), for checksrc's self-test. */
int td_example_wire(void);
