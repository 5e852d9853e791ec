/* placeholder */
#include "cccd.h"
int main(void)
{
	return 0;
}
