import { regionalLayerApp } from '@strata/core';
import { EdgeStack } from './edge-stack';

/** The edge layer: one stack per region of every environment that enables it. */
export const edgeLayer = regionalLayerApp('edge', EdgeStack);
