/** Local models for HAI. */
package dev.hai.gpu;
