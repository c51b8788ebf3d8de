/* The session layer (7): who is speaking. */
#ifndef TD_EXAMPLE_SESSION_H
#define TD_EXAMPLE_SESSION_H

int td_example_session(void);

#endif
