// `nn`: the layer and model classes of code networks (torch.nn).
export { Module } from './module';
export { Linear, Dense, ReLU, Tanh, Sigmoid, GELU, LeakyReLU, Softmax, Identity, Dropout, Flatten, Sequential, type LinearOptions } from './layers';
