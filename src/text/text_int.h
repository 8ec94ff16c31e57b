/*
 * text_int.h — declarations private to src/text/.  Nothing outside the
 * folder includes this file.
 */
#ifndef PB_TEXT_INT_H
#define PB_TEXT_INT_H

#include "text.h"

#endif /* PB_TEXT_INT_H */
