/** Readers of the original dataset formats: MNIST-family IDX, CIFAR-10/100 binary, image class folders. */
package dev.pcdarts.datasets.readers;
