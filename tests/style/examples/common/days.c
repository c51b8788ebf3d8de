/* Layer 0 includes nothing of the project above it, and no header of
 * either side. */
#include <stdio.h>

#include "proto/wire.h"   /* checksrc: expect wrong-way-include */
#include "server/store.h" /* checksrc: expect wrong-way-include */
