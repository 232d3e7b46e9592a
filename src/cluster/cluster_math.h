/* The two functions of libm the cluster module needs, carried by it (the
 * CLI's link order puts -lm before the module archives). Module-private. */
#ifndef CW_CLUSTER_CLUSTER_MATH_H
#define CW_CLUSTER_CLUSTER_MATH_H

double cwi_cl_ln(double x);   /* natural log; a huge negative number for x <= 0 */
double cwi_cl_sqrt(double x); /* 0 for x <= 0 */

#endif
