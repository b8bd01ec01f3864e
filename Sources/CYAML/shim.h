#ifndef PBRUN_CYAML_SHIM_H
#define PBRUN_CYAML_SHIM_H
#include <yaml.h>
#endif
