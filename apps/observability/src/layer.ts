import { regionalLayerApp } from '@strata/core';
import { ObservabilityStack } from './observability-stack';

/** The observability layer: one stack per region of every environment that enables it. */
export const observabilityLayer = regionalLayerApp('observability', ObservabilityStack);
