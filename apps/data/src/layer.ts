import { regionalLayerApp } from '@strata/core';
import { DataStack } from './data-stack';

/** The data layer: one stack per region of every environment that enables it. */
export const dataLayer = regionalLayerApp('data', DataStack);
